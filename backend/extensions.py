"""The bare extension objects; `create_app` binds them to an app."""

from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

from .errors import AuthErrorsPlugin, CrampCareApi


class Base(DeclarativeBase):
    pass


# One request is one unit of work: records stay readable after its commit without a reload.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
jwt = JWTManager()
api = CrampCareApi(spec_kwargs={"extra_plugins": [AuthErrorsPlugin()]})
# Limits are declared per route; storage comes from RATELIMIT_STORAGE_URI (memory by default).
limiter = Limiter(key_func=get_remote_address)
