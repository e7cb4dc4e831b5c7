from django.contrib import admin


class AgencyAdminSite(admin.AdminSite):
    site_header = "sop-casework administration"
    site_title = "sop-casework admin"
    index_title = "Staff, units and reference data"

    def has_permission(self, request):
        """Only active program administrators who passed two-step sign-in use the admin."""
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and getattr(user, "is_program_administrator", False)
            and user.is_verified()
        )
