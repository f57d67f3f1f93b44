// BR.9: an application whose review window has passed is highlighted in the list.
frappe.listview_settings["Joining Application"] = {
	add_fields: ["status", "review_overdue"],
	get_indicator(doc) {
		if (doc.review_overdue && ["Submitted", "Under Initial Review", "Under Risk Screening", "Under Final Review"].includes(doc.status)) {
			return [__("Review Overdue"), "red", "review_overdue,=,1"];
		}
		const colours = { Draft: "gray", Returned: "orange", Approved: "green", Rejected: "red", Cancelled: "gray" };
		return [__(doc.status), colours[doc.status] || "blue", `status,=,${doc.status}`];
	},
};
