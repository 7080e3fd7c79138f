"""Reference reader: the ADBC PostgreSQL driver into Arrow. The URL comes from the environment."""
import os

import adbc_driver_postgresql.dbapi as postgres

with postgres.connect(os.environ["BENCH_URL"]) as connection, connection.cursor() as cursor:
    cursor.execute(os.environ["BENCH_QUERY"])
    print(cursor.fetch_arrow_table().num_rows)
