"""Traces DoFn calls of every process of a local run (the launcher and Beam's worker processes inherit
the environment): with UC4_TRACE=FILE and this folder first on PYTHONPATH, each process appends one
JSON line per `setup`/`process`/`finish_bundle` call of the DoFns in pipeline.curate, pipeline.finish,
pipeline.snapshot.graph, dedup.stage and pipeline.write (start time, wall and process-CPU seconds, the
element's key), plus its start and exit.  A measuring aid for benchmarks/README.md (branch upd-cost4);
nothing in the pipeline imports it.

    UC4_TRACE=/tmp/t.jsonl PYTHONPATH=$PWD:$PWD/benchmarks/dofn_trace python -m pipeline.cli update ...
"""
import os, sys, time, json, functools, atexit, inspect
_PATH = os.environ.get("UC4_TRACE")
if _PATH:
    def _log(**kw):
        kw["pid"] = os.getpid()
        with open(_PATH, "a") as f:
            f.write(json.dumps(kw) + "\n")
    _log(ev="start", argv=" ".join(sys.argv[-3:]), t=time.time())
    import builtins
    _orig_import = builtins.__import__
    _done = set()
    def _key(a):
        if not a:
            return None
        x = a[0]
        k = getattr(x, "key", None)
        if k is None and isinstance(x, tuple) and x:
            k = x[0]
        return str(k)[:60] if k is not None else None
    def _wrap(cls, name):
        f = cls.__dict__.get(name)
        if f is None or getattr(f, "_uc4", False):
            return
        if inspect.isgeneratorfunction(f):
            @functools.wraps(f)
            def g(self, *a, **k):
                t = time.time(); c = time.process_time()
                try:
                    yield from f(self, *a, **k)
                finally:
                    _log(ev=cls.__name__ + "." + name, t=t, d=round(time.time() - t, 3), c=round(time.process_time() - c, 3), k=_key(a))
        else:
            @functools.wraps(f)
            def g(self, *a, **k):
                t = time.time(); c = time.process_time()
                try:
                    return f(self, *a, **k)
                finally:
                    _log(ev=cls.__name__ + "." + name, t=t, d=round(time.time() - t, 3))
        g._uc4 = True
        setattr(cls, name, g)
    def _hook(name, globals=None, locals=None, fromlist=(), level=0):
        m = _orig_import(name, globals, locals, fromlist, level)
        if _busy:
            return m
        _busy.append(1)
        try:
            _scan()
        finally:
            _busy.clear()
        return m
    _busy = []
    def _scan():
        if "apache_beam" in sys.modules and len(_done) < 5:
            try:
                DoFn = sys.modules["apache_beam"].DoFn
            except AttributeError:
                return
            for mod in ("pipeline.curate", "pipeline.finish", "pipeline.snapshot.graph", "dedup.stage", "pipeline.write"):
                if mod in sys.modules and mod not in _done and hasattr(sys.modules[mod], "__file__"):
                    mm = sys.modules[mod]
                    ok = False
                    for v in list(vars(mm).values()):
                        if isinstance(v, type) and issubclass(v, DoFn) and v.__module__ == mod:
                            ok = True
                            for n in ("setup", "process", "start_bundle", "finish_bundle"):
                                _wrap(v, n)
                    if ok:
                        _done.add(mod)
    builtins.__import__ = _hook
    atexit.register(lambda: _log(ev="exit", t=time.time()))
    _os_exit = os._exit
    def _exit(code):
        _log(ev="os_exit", t=time.time(), c=round(time.process_time(), 3))
        _os_exit(code)
    os._exit = _exit
