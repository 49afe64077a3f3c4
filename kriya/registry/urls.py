from django.urls import include, path

app_name = "registry"
urlpatterns: list = []
urlpatterns += [path("impor-usaha/", include("kriya.registry.imports.urls"))]
