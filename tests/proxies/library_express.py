"""Express's app and router driven from Python: routes whose handlers are Python functions,
the router's stack inspected through proxies, one real request over loopback."""
import asyncio

from twinhost import js

express = js.require("express")
app = express()
router = express.Router()


def hello(req, res, next):  # express calls handlers with next
    res.set("X-From", "python")
    res.json({"hello": req.params["name"], "query": req.query})  # plain objects: dicts


router.get("/hello/:name", hello)
app.use("/api", router)

layer = router.stack[0]
print("router", "get" in dir(router), layer.route.path, layer.route.methods)


async def main():
    # (Each call into JS ends with its nextTicks run, as a script's end does: 'listening'
    # would be emitted before a later call could add the listener. listen()'s callback.)
    server = await js.eval("""(app) => new Promise((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    })""")(app)
    port = server.address()["port"]
    fetch = js.eval("""async (url) => {
      const r = await fetch(url);
      return [r.status, r.headers.get('x-from'), await r.json()];
    }""")
    try:
        print("response", await fetch(f"http://127.0.0.1:{port}/api/hello/ada?x=1"))
    finally:
        await js.eval("(server) => new Promise((resolve) => server.close(resolve))")(server)


asyncio.run(main())
