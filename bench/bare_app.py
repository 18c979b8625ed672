"""The bare Flask endpoint the bot's throughput is compared with: it parses the JSON and
answers at once, with no understanding, no database and no rate limit."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/api/chat")
def chat():
    message = request.get_json()
    return jsonify(reply="Hello " + message.get("user", ""), lang="en", intent="help", entities={}, options=[])


@app.get("/healthz")
def healthz():
    return jsonify(ok=True)
