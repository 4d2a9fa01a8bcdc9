"""Post rate limits count the same in every process when they share Redis."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask

from app.core.ratelimit import RateLimits
from tests.conftest import service_missing

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_url():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        service_missing("Redis is not reachable on 127.0.0.1:6379")
    return REDIS_URL


def limits_for(url: str) -> RateLimits:
    app = Flask(__name__)
    app.config["REDIS_URL"] = url
    limits = RateLimits()
    limits.init_app(app)
    return limits


def test_two_processes_share_one_budget(redis_url):
    first, second = limits_for(redis_url), limits_for(redis_url)  # two servers, one Redis
    key = uuid.uuid4().hex
    first.hit("2/minute", "post", key)
    assert second.retry_after("2/minute", "post", key) == 0
    second.hit("2/minute", "post", key)
    assert first.retry_after("2/minute", "post", key) > 0
    assert second.retry_after("2/minute", "post", key) > 0


def test_in_memory_limits_stay_in_their_process():
    first, second = limits_for(""), limits_for("")
    first.hit("1/minute", "post", "x")
    assert first.retry_after("1/minute", "post", "x") > 0
    assert second.retry_after("1/minute", "post", "x") == 0
