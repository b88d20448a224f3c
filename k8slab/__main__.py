from __future__ import annotations

from k8slab.cli.app import main

main()
