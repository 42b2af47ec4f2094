"""Server-rendered pages (Jinja2 templates, one stylesheet, one small script) over the API's functions."""
