from repm_bids.cli.main import main

raise SystemExit(main())
