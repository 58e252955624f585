"""The Python end of the python-shell system: JSON requests in, JSON replies out, one per line."""
import json
import sys

import workloads

for line in sys.stdin:
    request = json.loads(line)
    try:
        if request["op"] == "point_x":
            result = workloads.point.x
        else:
            result = getattr(workloads, request["op"])(*request["args"])
        reply = {"result": result}
    except Exception as e:  # the error crosses as its message, as a JSON pipe would carry it
        reply = {"error": f"{type(e).__name__}: {e}"}
    sys.stdout.write(json.dumps(reply) + "\n")
