"""Machine translation of posts, pluggable: none by default, LibreTranslate when configured
(AGORA_MT_URL). Translations are cached per post and language (PostTranslation)."""
