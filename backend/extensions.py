"""The bare extension objects; `create_app` binds them to an app."""

import time

from flask_jwt_extended import JWTManager
from flask_jwt_extended.config import config as jwt_config
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


class RememberingJWTManager(JWTManager):
    """Verifies each token's signature once per worker, not on every request.

    Checking a token decodes it three times over (claims, header, then verified), which costs
    more than the rest of the sign-in check. A token already verified here, under the same key
    and with the same CSRF value, is taken from memory; its expiry is still checked every time,
    and an expired one goes through the full check, which refuses it as before.
    """

    MOST_REMEMBERED = 10_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._verified: dict[tuple, dict] = {}

    def _decode_jwt_from_config(
        self, encoded_token: str, csrf_value=None, allow_expired: bool = False
    ) -> dict:
        key = (encoded_token, csrf_value, allow_expired, jwt_config.decode_key)
        claims = self._verified.get(key)
        if claims is not None and (allow_expired or claims["exp"] > time.time() - jwt_config.leeway):
            return dict(claims)
        claims = super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        if "exp" in claims:
            if len(self._verified) >= self.MOST_REMEMBERED:
                self._verified.clear()
            self._verified[key] = dict(claims)
        return claims


jwt = RememberingJWTManager()
api = CrampCareApi(spec_kwargs={"extra_plugins": [AuthErrorsPlugin()]})
# Limits are declared per route; storage comes from RATELIMIT_STORAGE_URI (memory by default).
limiter = Limiter(key_func=get_remote_address)
