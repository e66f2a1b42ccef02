pytest_plugins = ["tests.fixtures.platform", "tests.fixtures.s3", "tests.fixtures.livekit"]
