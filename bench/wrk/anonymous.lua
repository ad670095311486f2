-- Scenario a: GET $BENCH_PATH (default /api/ping) without any Authorization header.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local prepared

function init(args)
  prepared = wrk.format("GET", os.getenv("BENCH_PATH") or "/api/ping")
end

function request()
  return prepared
end
