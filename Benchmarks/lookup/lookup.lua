-- wrk script: GET /v1/persons/{pnr} for random existing PNRs, with the invocation context.
-- PNR_FILE (one PNR a line), AGREEMENT and SYSTEM come from the environment.
local pnrs = {}
for line in io.lines(os.getenv("PNR_FILE")) do
  if #line == 10 then pnrs[#pnrs + 1] = line end
end
wrk.headers["X-Service-Agreement"] = os.getenv("AGREEMENT")
wrk.headers["X-User-System"] = os.getenv("SYSTEM")

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end

function request()
  return wrk.format("GET", "/v1/persons/" .. pnrs[math.random(#pnrs)])
end
