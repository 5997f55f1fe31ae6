-- wrk script: GET /v1/persons/{pnr} for random existing PNRs, with the invocation context.
-- PNR_FILE (one PNR a line), AGREEMENT and SYSTEM come from the environment; PATH_PREFIX
-- (default /v1/persons/) lets the same client ask /healthz?pnr= for a like-for-like reference.
local pnrs = {}
for line in io.lines(os.getenv("PNR_FILE")) do
  if #line == 10 then pnrs[#pnrs + 1] = line end
end
wrk.headers["X-Service-Agreement"] = os.getenv("AGREEMENT")
wrk.headers["X-User-System"] = os.getenv("SYSTEM")
local prefix = os.getenv("PATH_PREFIX") or "/v1/persons/"

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

-- The requests are formatted before the clock starts: wrk.format per request cost this
-- client about 30 microseconds of the same two cores the server and PostgreSQL share.
local requests = {}
local next_request = 0

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
  for i = 1, 100000 do
    requests[i] = wrk.format("GET", prefix .. pnrs[math.random(#pnrs)])
  end
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end
