-- Shared by the benchmark's wrk scripts (loaded with dofile by each of them).
-- Counts every answer by HTTP status in response() and, in done(), appends the run's figures as key=value lines
-- to $BENCH_WRK_OUT under the prefix $BENCH_SCENARIO: requests, seconds, req/s, latency percentiles (µs),
-- socket errors and the status breakdown. Nothing secret is written: no token, no header.
-- Every scenario defines request() (even the anonymous one), so wrk does the same work per request in all of them.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)
  thread:set("thread_count", tonumber(os.getenv("BENCH_THREADS") or "1"))
end

statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local prefix = os.getenv("BENCH_SCENARIO") or "scenario"
  local path = os.getenv("BENCH_WRK_OUT")
  local out = path and assert(io.open(path, "a")) or io.stdout
  local function put(key, value) out:write(prefix, ".", key, "=", tostring(value), "\n") end
  local seconds = summary.duration / 1e6
  put("requests", summary.requests)
  put("seconds", string.format("%.3f", seconds))
  put("rps", string.format("%.1f", summary.requests / seconds))
  put("p50_us", latency:percentile(50))
  put("p90_us", latency:percentile(90))
  put("p99_us", latency:percentile(99))
  put("max_us", latency.max)
  for _, name in ipairs({ "connect", "read", "write", "timeout" }) do put("err_" .. name, summary.errors[name]) end
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do total[status] = (total[status] or 0) + count end
    local loaded = thread:get("tokens_loaded")
    if loaded then put("tokens", loaded) end
  end
  for status, count in pairs(total) do put("status." .. status, count) end
  if out ~= io.stdout then out:close() end
end

