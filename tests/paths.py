"""Where the tests find things: the repository, its shipped scenarios and the test fixtures."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TABLES = FIXTURES / "tables"
SCENARIOS = ROOT / "scenarios"
DEFAULT = SCENARIOS / "default.yaml"
