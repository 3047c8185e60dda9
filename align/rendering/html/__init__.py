"""The HTML report: its data (`build`), pages, overview strip and the jinja2 templates."""
