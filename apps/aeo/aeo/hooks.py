app_name = "aeo"
app_title = "AEO Portal"
app_publisher = "AEO Portal developers"
app_description = "Authorized Economic Operator programme portal for a customs authority"
app_email = "aeo-portal@example.invalid"
app_license = "Proprietary"

add_to_apps_screen = [
	{
		"name": "aeo",
		"logo": "/assets/aeo/images/aeo-logo.svg",
		"title": "AEO Portal",
		"route": "/app/aeo",
		"has_permission": "aeo.permissions.has_app_permission",
	}
]

app_include_css = "/assets/aeo/css/aeo_desk.css"
web_include_css = "/assets/aeo/css/aeo_portal.css"

after_install = "aeo.setup.install.after_install"
after_migrate = "aeo.setup.install.after_migrate"

update_website_context = "aeo.website.update_website_context"

