"""Run the local fake of WeChat's API: ``python scripts/fake_wechat.py --port 8801``.

Then start the service with ``WECHAT_API_BASE=http://127.0.0.1:8801/cgi-bin/``. The fake
itself lives in tests/fakes/fake_wechat.py (see its docstring for the control endpoints).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fakes.fake_wechat import main

if __name__ == "__main__":
    main()
