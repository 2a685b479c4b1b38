-- route_figures.lua: count one settled text (optionally), then read a country's figures per provider and its demotions.
--
-- KEYS[1]       the country's demotions (hash provider -> demoted-until, unix ms)   {prefix}:{rt:<cc>}:dm
-- KEYS[2..n+1]  each provider's counts in that country (hash '<bucket>:d|f' -> count) {prefix}:{rt:<cc>}:n:<provider>
-- ARGV[1]  i: which counts key (1-based among KEYS[2..]) to count the text in; 0 counts nothing
-- ARGV[2]  'd' delivered or 'f' failed   ARGV[3] the current bucket index   ARGV[4] buckets in the window
-- ARGV[5]  TTL of a counts key, ms (the window plus a bucket)
--
-- Returns { d1, f1, ..., dn, fn, provider, until, provider, until, ... }: live counts in KEYS order, then the demotions.
local now_bucket = tonumber(ARGV[3])
local oldest_live = now_bucket - tonumber(ARGV[4]) + 1
local target = tonumber(ARGV[1])
if target > 0 then
  local key = KEYS[target + 1]
  redis.call('HINCRBY', key, now_bucket .. ':' .. ARGV[2], 1)
  redis.call('PEXPIRE', key, ARGV[5])
end

local reply = {}
for k = 2, #KEYS do
  local d, f = 0, 0
  local fields = redis.call('HGETALL', KEYS[k])
  local stale = {}
  for j = 1, #fields, 2 do
    local bucket, kind = string.match(fields[j], '^(%d+):(%a)$')
    bucket = tonumber(bucket)
    if bucket == nil or bucket < oldest_live then
      stale[#stale + 1] = fields[j]
    elseif kind == 'd' then
      d = d + tonumber(fields[j + 1])
    else
      f = f + tonumber(fields[j + 1])
    end
  end
  if #stale > 0 then
    redis.call('HDEL', KEYS[k], unpack(stale))
  end
  reply[#reply + 1] = d
  reply[#reply + 1] = f
end

local demotions = redis.call('HGETALL', KEYS[1])
for j = 1, #demotions do
  reply[#reply + 1] = demotions[j]
end
return reply
