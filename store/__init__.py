"""SQLite storage through sqlite-utils: schema, migrations, repositories and the async runner. No HTTP."""
