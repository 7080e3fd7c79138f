"""Reference reader: ConnectorX into Arrow, as a data scientist would call it. The URL comes from the
environment (never argv); prints the row count so the run can be checked."""
import os

import connectorx as cx

partitions = int(os.environ.get("BENCH_PARTITIONS", "1"))
options = {"partition_on": "id", "partition_num": partitions} if partitions > 1 else {}
table = cx.read_sql(os.environ["BENCH_URL"], os.environ["BENCH_QUERY"], return_type="arrow", **options)
print(table.num_rows)
