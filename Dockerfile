# The production-like image: the web app built with Node, served with the API by gunicorn.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm install --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 FLASK_APP=backend
WORKDIR /app
COPY pyproject.toml ./
COPY backend/ backend/
RUN pip install --no-cache-dir .
COPY migrations/ migrations/
COPY --from=frontend /app/frontend/dist frontend/dist
RUN useradd --create-home crampcare && mkdir -p instance && chown crampcare instance
USER crampcare
EXPOSE 5000
CMD ["sh", "-c", "flask db upgrade && exec gunicorn --config python:backend.web.gunicorn_workers --bind 0.0.0.0:5000 --workers 2 --access-logfile - 'backend:create_app()'"]
