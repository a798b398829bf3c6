"""NLP: parley's own annotation types, the model store and model building. Only
`parley.nlp.stanza_backend` imports stanza."""
