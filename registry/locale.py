"""Persian first: the language is Persian unless the user chose English with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, and many office computers
run an English browser; the people using Shafaf still expect Persian until they ask otherwise.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PersianFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
