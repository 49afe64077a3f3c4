"""`{% chart_csv_url chart %}`: this page's address with `?unduh=<key>` (its filters
kept), answered by the page's own view through `kriya.core.charts.csv_response`."""

from django import template

from kriya.core.charts import CSV_PARAM

register = template.Library()


@register.simple_tag(takes_context=True)
def chart_csv_url(context, chart) -> str:
    request = context["request"]
    query = request.GET.copy()
    query[CSV_PARAM] = chart.key
    return f"{request.path}?{query.urlencode()}"
