# mailbot: the daemon on its embedded default (SMTP listener on port 2525, SQLite and the
# reply Maildir under /app/var). Mount your own config at /app/config/container.yaml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY mailbot/ mailbot/
RUN pip install --no-cache-dir . && useradd --system --home /app mailbot

COPY templates/ templates/
COPY config/ config/
# In a container the listener must accept connections from outside the container:
# the same embedded default, listening on all interfaces.
RUN sed 's/host: 127.0.0.1/host: 0.0.0.0/' config/mailbot.yaml > config/container.yaml \
    && mkdir -p var && chown mailbot var

USER mailbot
VOLUME ["/app/var"]
EXPOSE 2525

ENV MAILBOT_CONFIG=/app/config/container.yaml
ENTRYPOINT ["mailbot"]
CMD ["run"]
