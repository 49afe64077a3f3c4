from django.contrib import admin

from .models import Destination


@admin.register(Destination)
class DestinationAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "position", "is_published"]
    list_editable = ["position", "is_published"]
    search_fields = ["name", "district__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["district"]
