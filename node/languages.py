"""Languages a user can choose; the UI ships a complete catalogue for each."""

LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}
DEFAULT_LANGUAGE = "en"
