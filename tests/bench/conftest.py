def pytest_configure(config):
    config.addinivalue_line(
        "markers", 'bench: runs a benchmark harness at toy size so it cannot rot (deselect: -m "not bench")'
    )
