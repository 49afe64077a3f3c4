from django.contrib import admin

from kriya.core.pagecache import BumpsPagesAdmin

from .models import Destination


@admin.register(Destination)
class DestinationAdmin(BumpsPagesAdmin, admin.ModelAdmin):
    page_kinds = ("place",)  # destination pages are cached for anonymous visitors
    list_display = ["name", "district", "position", "is_published"]
    list_editable = ["position", "is_published"]
    search_fields = ["name", "district__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["district"]
