-- verify-wrong.lua: POST /otp/verify with a wrong code (000000) and the userId, round-robin over live verifications
-- read from a file of "verificationId userId" lines (made by prepare-verifications.py). The attempt path: parameters
-- read, key lookup, HMAC, the attempt script.
--   SECUREOTP_API_KEY=$KEY wrk -t2 -c32 -d10s -s benchmarks/wrk/verify-wrong.lua http://127.0.0.1:$API_PORT -- pool.txt
-- Expects 400 (wrong code); each verification takes Otp:MaxAttempts of them (run.sh: 10) and then answers 410 (locked),
-- a cheaper path: size the pool above requests ÷ MaxAttempts (the status counts at the end show whether it was).
local report = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

-- Far more than one wrk run can use up; keeps the file read bounded.
local MAX_LINES = 2000000

local requests = {}
local position

setup = report.setup

function init(args)
  local path = args[1] or error("usage: ... -s verify-wrong.lua <url> -- <pool file> [api key]")
  local headers = { ["Content-Type"] = "application/json", ["X-Api-Key"] = report.api_key(args, 2) }
  local file = io.open(path, "r") or error("cannot read " .. path)
  for line in file:lines() do
    local id, user = line:match("^(%S+)%s+(%S+)$")
    if id then
      local body = string.format('{"verificationId":"%s","code":"000000","userId":"%s"}', id, user)
      table.insert(requests, wrk.format("POST", "/otp/verify", headers, body))
    end
    if #requests >= MAX_LINES then break end
  end
  file:close()
  if #requests == 0 then error(path .. " holds no 'verificationId userId' lines") end
  -- Threads start at different places in the same round so they seldom hit one verification at the same moment.
  position = (thread_id * 7919) % #requests
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status)
  report.count(status)
end

done = report.done({ 400, 410 })
