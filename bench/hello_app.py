"""A bare Flask app: the most gunicorn can serve on this machine, as a yardstick.

throughput.py runs it under the same gunicorn settings as Ventanilla and compares the
slot page's requests per second with this one's:  gunicorn "hello_app:create_app()"
"""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def hello():
        return "hello"

    return app
