-- Scenarios b, c, d, g and the admin list: GET $BENCH_PATH (default /api/ping) with `Authorization: Token <t>`,
-- t taken round-robin from the file $BENCH_TOKENS (one per line; valid, junk, or a single admin token).
-- Each thread starts at its own share of the file, so with T threads the first N requests use N different tokens.
-- Requests are formatted once in init(), so the per-request work is the same as in anonymous.lua.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local prepared = {}
local count = 0
local next_index = 0

function init(args)
  local path = os.getenv("BENCH_PATH") or "/api/ping"
  local file = os.getenv("BENCH_TOKENS")
  assert(file, "BENCH_TOKENS is not set")
  -- wrk.format once, around a placeholder: a million requests are then built by plain concatenation.
  local head, tail = wrk.format("GET", path, { Authorization = "Token @TOKEN@" }):match("^(.*)@TOKEN@(.*)$")
  for line in io.lines(file) do
    if line ~= "" then
      count = count + 1
      prepared[count] = head .. line .. tail
    end
  end
  assert(count > 0, "no tokens in BENCH_TOKENS")
  tokens_loaded = count
  next_index = math.floor((thread_index - 1) * count / thread_count)
end

function request()
  next_index = next_index % count + 1
  return prepared[next_index]
end
