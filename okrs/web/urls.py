from django.contrib.auth.views import LogoutView
from django.urls import path

from okrs.web import tokens, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.OkrsLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("objectives/<int:objective_id>/", views.objective_detail, name="objective"),
    path("tokens/", tokens.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", tokens.revoke_token, name="revoke-token"),
]
