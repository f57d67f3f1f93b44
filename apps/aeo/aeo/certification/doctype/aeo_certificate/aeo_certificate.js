// AEO Certificate: the certificate's PDF (WeasyPrint, aeo.certification.certificate_pdf), Arabic and English.
frappe.ui.form.on("AEO Certificate", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Download PDF"), () => {
			window.open(`/api/method/aeo.certification.certificate_pdf.download?name=${encodeURIComponent(frm.doc.name)}`);
		});
	},
});
