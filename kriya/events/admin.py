from django.contrib import admin

from .models import Booth, Event, EventDay, EventSeries


class EventDayInline(admin.TabularInline):
    model = EventDay
    extra = 1


class BoothInline(admin.TabularInline):
    model = Booth
    extra = 0


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "usual_time"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Events are created here; their status moves only on the organisers' page."""

    list_display = ["name", "year", "status", "starts_on", "district"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["name"]
    readonly_fields = ["status", "status_reason", "starts_on", "ends_on"]
    autocomplete_fields = []
    raw_id_fields = ["district", "regency", "organiser"]
    filter_horizontal = ["co_organisers"]
    inlines = [EventDayInline, BoothInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        dates = list(event.days.values_list("date", flat=True))
        if dates:
            Event.objects.filter(pk=event.pk).update(starts_on=min(dates), ends_on=max(dates))
