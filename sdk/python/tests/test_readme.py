import contextlib
import io
import re
import unittest
from pathlib import Path

from .live import BASE_URL, TOKEN, live

README = Path(__file__).resolve().parents[3] / "README.md"
DEMO_KEY = "tv_live_globexdemo26_DemoKeyForTheReadme-NeverUseInProduction"


@live
class ReadmeQuickStartTests(unittest.TestCase):
    """The README's Python quick-start, run as a reader would after filling in the address, token and key."""

    def test_prints_the_demo_keys_organizations_usage_and_the_encrypted_sum(self) -> None:
        block = re.search(r"```python\n(from trustvault import .*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
        assert block and BASE_URL
        code = block.group(1).replace("http://localhost:5072", BASE_URL).replace("tvp_…", TOKEN).replace("tv_live_…", DEMO_KEY)
        printed = io.StringIO()

        with contextlib.redirect_stdout(printed):
            exec(code, {})  # noqa: S102 - the README's own example

        calls, total = printed.getvalue().split()
        # The demo key's organization, Globex Analytics, has a week of seeded calls; the personal one has none.
        self.assertGreater(int(calls), 0)
        self.assertEqual("5", total)
