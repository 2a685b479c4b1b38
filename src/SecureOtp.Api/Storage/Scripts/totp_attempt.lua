-- totp_attempt.lua: one confirm, verify or recover of an authenticator enrolment, all or nothing.
-- The service has opened the secret and found which time steps the presented code matches; this script decides, in
-- one atomic step: the lock, the user's failed-verify cap (shared with SMS), whether a matching step is newer than the
-- last one accepted (a step is accepted once: 50 concurrent right codes give one approval), the count of consecutive
-- failures and the lock once they reach the limit.
--
-- KEYS[1]  the user's TOTP record (hash)              {prefix}:{<userTag>}:totp
-- KEYS[2]  the user's recovery-code hashes (set)       {prefix}:{<userTag>}:totp:rc
-- KEYS[3]  the user's failed-verify log (sorted set)   {prefix}:{<userTag>}:vf   (the SMS attempt script's, same tag)
-- ARGV[1]  'confirm' | 'verify' | 'recover'
-- ARGV[2]  user binding   ARGV[3]  the enrolment id whose secret the steps come from ('' for recover)
-- ARGV[4]  now, unix ms   ARGV[5]  max consecutive failures   ARGV[6]  lock duration, ms
-- ARGV[7]  failure cap    ARGV[8]  its window, ms             ARGV[9]  a unique member for this attempt
-- ARGV[10] recover: the presented recovery code's keyed hash (else '')
-- ARGV[11] n, the number of matching steps, then ARGV[12 .. 11+n] the steps, oldest first
-- ARGV[12+n ..] confirm only: the new recovery codes' keyed hashes, kept only if the confirm succeeds
--
-- Returns {APPROVED, count}       count: recovery codes left after a recover; stored by a confirm; 0 for verify
--         {INCORRECT, remaining}   counted; the factor locks when remaining reaches 0
--         {LOCKED, retryAfterMs}
--         {CAPPED, retryAfterMs}   the user reached the failed-verify cap (window.lua's log): nothing checked or counted
--         {ALREADY_USED}           a right code of a step already accepted, or older: a replay, not counted
--         {NOT_ENROLLED}           no record, another user's, or not in the state this needs
--         {ALREADY_ACTIVE}         confirm of an active enrolment
--         {STALE}                  the enrolment was replaced after the service read it; nothing done
-- The codes are named alike in TotpAttemptReply.cs.
--
-- Webhook events (events.lua, put before this script): totp.locked when this failure locks the factor.
local APPROVED, INCORRECT, LOCKED, CAPPED, ALREADY_USED, NOT_ENROLLED, ALREADY_ACTIVE, STALE = 1, 2, 3, 4, 5, 6, 7, 8

local mode = ARGV[1]
local rec = redis.call('HMGET', KEYS[1], 'ub', 'st', 'eid', 'ls', 'f', 'lk')
if not rec[1] or rec[1] ~= ARGV[2] then
  return {NOT_ENROLLED}
end
if mode == 'confirm' then
  if rec[2] == 'a' then return {ALREADY_ACTIVE} end
elseif rec[2] ~= 'a' then
  return {NOT_ENROLLED}
end
if mode ~= 'recover' and rec[3] ~= ARGV[3] then
  return {STALE}
end

local now = tonumber(ARGV[4])
local failures = tonumber(rec[5]) or 0
local lockedUntil = tonumber(rec[6])
if lockedUntil then
  if lockedUntil > now then
    return {LOCKED, lockedUntil - now}
  end
  -- The lock has passed: a fresh run of attempts.
  failures = 0
  redis.call('HDEL', KEYS[1], 'lk')
  redis.call('HSET', KEYS[1], 'f', 0)
end

local window = tonumber(ARGV[8])
local _, capWait = window_check(KEYS[3], now, window, tonumber(ARGV[7]))
if capWait > 0 then
  return {CAPPED, capWait}
end

local steps = tonumber(ARGV[11])
local accepted
if mode == 'recover' then
  accepted = redis.call('SREM', KEYS[2], ARGV[10]) == 1
else
  local last = tonumber(rec[4]) or -1
  for i = 12, 11 + steps do
    local step = tonumber(ARGV[i])
    if not accepted and step > last then
      accepted = step
    end
  end
  if not accepted and steps > 0 then
    return {ALREADY_USED}
  end
end

if accepted then
  redis.call('HSET', KEYS[1], 'f', 0)
  if mode == 'confirm' then
    redis.call('HSET', KEYS[1], 'st', 'a', 'ls', accepted)
    redis.call('PERSIST', KEYS[1])
    redis.call('DEL', KEYS[2])
    for i = 12 + steps, #ARGV do
      redis.call('SADD', KEYS[2], ARGV[i])
    end
    return {APPROVED, redis.call('SCARD', KEYS[2])}
  end
  redis.call('HSET', KEYS[1], 'lu', now)
  if mode == 'verify' then
    redis.call('HSET', KEYS[1], 'ls', accepted)
    return {APPROVED, 0}
  end
  return {APPROVED, redis.call('SCARD', KEYS[2])}
end

window_record(KEYS[3], now, window, ARGV[9])
failures = failures + 1
redis.call('HSET', KEYS[1], 'f', failures)
local max = tonumber(ARGV[5])
if failures >= max then
  redis.call('HSET', KEYS[1], 'lk', now + tonumber(ARGV[6]))
  event_record('totp.locked')
end
return {INCORRECT, math.max(0, max - failures)}
