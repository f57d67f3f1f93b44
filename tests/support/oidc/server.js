// A local OpenID Connect provider standing in for UAE PASS in development and tests: panva's oidc-provider (a
// certified OP) with its development login pages, where any login is accepted. The login typed is the account:
// its userinfo has UAE PASS's claim names, the e-mail being the login itself (a login without "@" has no e-mail).
//
//   AEO_OIDC_PORT (9090)  AEO_OIDC_CLIENT_SECRET  AEO_PORT (8000, the sites' port, for the redirect URIs)

import { createHash, generateKeyPairSync } from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.env.AEO_OIDC_PORT || 9090);
const sitePort = process.env.AEO_PORT || '8000';
const clientSecret = process.env.AEO_OIDC_CLIENT_SECRET;
const callback = '/api/method/aeo.registry.uae_pass.callback';
const siteHosts = ['aeo.localhost', 'test.aeo.localhost', '127.0.0.1'];
// the scope UAE PASS itself uses for a person's profile
const profileScope = 'urn:uae:digitalid:profile:general';

if (!clientSecret) {
	console.error('AEO_OIDC_CLIENT_SECRET is not set');
	process.exit(2);
}

function claimsOf(login) {
	const email = login.includes('@') ? login.toLowerCase() : undefined;
	const words = login.toLowerCase().split('@')[0].split(/[^A-Za-z0-9]+/).filter(Boolean)
		.map((word) => word[0].toUpperCase() + word.slice(1));
	const [first = 'Test', ...rest] = words;
	const last = rest.join(' ') || 'Applicant';
	const digest = createHash('sha256').update(login).digest('hex');
	const uuid = [digest.slice(0, 8), digest.slice(8, 12), digest.slice(12, 16), digest.slice(16, 20),
		digest.slice(20, 32)].join('-');
	return {
		sub: login,
		uuid,
		email,
		mobile: '971501234567',
		firstnameEN: first,
		lastnameEN: last,
		fullnameEN: `${first} ${last}`,
		fullnameAR: 'محمد أحمد',
		idn: `784199${BigInt(`0x${digest.slice(0, 12)}`).toString().slice(0, 9)}`,
		userType: 'SOP3',
	};
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const provider = new Provider(`http://127.0.0.1:${port}`, {
	clients: [{
		client_id: 'aeo-portal',
		client_secret: clientSecret,
		redirect_uris: siteHosts.map((host) => `http://${host}:${sitePort}${callback}`),
		grant_types: ['authorization_code'],
		response_types: ['code'],
		// Frappe (rauth) posts the client's credentials in the token request's body
		token_endpoint_auth_method: 'client_secret_post',
	}],
	claims: {
		openid: ['sub'],
		email: ['email'],
		[profileScope]: ['uuid', 'email', 'mobile', 'firstnameEN', 'lastnameEN', 'fullnameEN', 'fullnameAR', 'idn',
			'userType'],
	},
	scopes: ['openid', 'email', profileScope],
	findAccount: (ctx, id) => ({ accountId: id, claims: () => claimsOf(id) }),
	// Frappe's OAuth 2.0 client sends no PKCE; a confidential client is still authenticated at the token endpoint
	pkce: { required: () => false },
	cookies: { keys: [clientSecret] },
	jwks: { keys: [privateKey.export({ format: 'jwk' })] },
	features: { devInteractions: { enabled: true } },
});

provider.listen(port, '127.0.0.1', () => {
	console.log(`UAE PASS stand-in (OpenID Connect) on http://127.0.0.1:${port}`);
});
