-- bench/load.lua: many concurrent conversations for wrk (run by bench/load.py, which sets the
-- environment: CONVERSATIONS, THREADS).
--
-- Conversation c (0 <= c < CONVERSATIONS) belongs to thread c % THREADS and talks on one
-- channel: c % 3 == 0 SMS (/sms, a new MessageSid per message, every 7th request of a
-- conversation a retry of its previous MessageSid), 1 USSD (/ussd, menu walks of up to 7
-- screens, every 9th request the same request delivered again), 2 the JSON API (/api/chat).
-- Each thread takes its conversations in turn, so one conversation rarely has two messages in
-- flight (as a person) while all of them are going at once.
-- done() prints one line "LOAD {json}" with what was sent and what came back.

local conversations = tonumber(os.getenv("CONVERSATIONS") or "1000")
local nthreads = tonumber(os.getenv("THREADS") or "2")
local questions = {"hi", "what documents do i need for a smart id card", "services at jozini",
  "when is sassa at zava", "nearest centre to bredasdorp", "Ngidinga ziphi izincwadi ze-ID?",
  "Waar kan ek 'n paspoort kry?", "1", "docs for uif claim", "2", "contact details for mpuluzi centre",
  "Ke batla pasa", "when is home affairs at jozini", "0"}
local walk = {"2", "1", "98", "0", "3", "1"}
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(ch) return string.format("%%%02X", string.byte(ch)) end))
end

local function form(fields)
  local parts = {}
  for _, pair in ipairs(fields) do
    table.insert(parts, pair[1] .. "=" .. urlencode(pair[2]))
  end
  return table.concat(parts, "&")
end

function init(args)
  mine, turn, number, sent, retries, position = {}, {}, {}, {}, 0, 0
  status, fives, apologies, waits, statuses = 0, 0, 0, 0, {}
  for c = 0, conversations - 1 do
    if c % nthreads == tid then
      table.insert(mine, c)
      turn[c] = 0
    end
  end
end

local urlencoded = {["Content-Type"] = "application/x-www-form-urlencoded"}

local function sms(c, k)
  -- Message numbers run 1, 2, 3, ... with no gap; every 7th request repeats the last one.
  if k > 1 and k % 7 == 0 then
    retries = retries + 1 -- Twilio retrying the previous message
  else
    number[c] = (number[c] or 0) + 1
  end
  local step = number[c]
  local sid = string.format("SMload%05dn%06d", c, step)
  local body = form({{"From", string.format("+2783%07d", c)}, {"To", "+27600000000"},
    {"Body", questions[(c + step) % #questions + 1]}, {"MessageSid", sid}, {"AccountSid", "ACload"},
    {"NumMedia", "0"}})
  return wrk.format("POST", "/sms", urlencoded, body)
end

local function ussd(c, k)
  local walk_no, depth = math.floor((k - 1) / 8), (k - 1) % 8
  if depth > 0 and k % 9 == 0 then
    depth = depth - 1 -- the network delivering the same request again
    retries = retries + 1
  end
  local inputs = {}
  for i = 1, math.min(depth, #walk) do inputs[i] = walk[i] end
  local body = form({{"sessionId", string.format("ATUload%05dw%05d", c, walk_no)}, {"serviceCode", "*134*1020#"},
    {"phoneNumber", string.format("+2784%07d", c)}, {"networkCode", "65501"}, {"text", table.concat(inputs, "*")}})
  return wrk.format("POST", "/ussd", urlencoded, body)
end

local function web(c, k)
  local body = string.format('{"user": "load-web-%05d", "text": "%s"}', c, questions[(c + k) % #questions + 1])
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, body)
end

local channels = {[0] = sms, [1] = ussd, [2] = web}

function request()
  if tid == 0 and not verified then
    -- wrk calls request() once on the first thread to inspect it, and never sends that one.
    verified = true
    return wrk.format("GET", "/healthz")
  end
  position = position % #mine + 1
  local c = mine[position]
  turn[c] = turn[c] + 1
  sent[c % 3] = (sent[c % 3] or 0) + 1
  return channels[c % 3](c, turn[c])
end

function response(code, headers, body)
  statuses[code] = (statuses[code] or 0) + 1
  if code >= 500 then fives = fives + 1 end
  if body:find("cannot answer right now", 1, true) then apologies = apologies + 1 end
  if body:find("sending messages very quickly", 1, true) then waits = waits + 1 end
end

function done(summary, latency, requests)
  local totals = {fives = 0, apologies = 0, waits = 0, retries = 0, sms = 0, ussd = 0, web = 0}
  local codes = {}
  for _, thread in ipairs(threads) do
    totals.fives = totals.fives + thread:get("fives")
    totals.apologies = totals.apologies + thread:get("apologies")
    totals.waits = totals.waits + thread:get("waits")
    totals.retries = totals.retries + thread:get("retries")
    local s = thread:get("sent")
    totals.sms = totals.sms + (s[0] or 0)
    totals.ussd = totals.ussd + (s[1] or 0)
    totals.web = totals.web + (s[2] or 0)
    for code, n in pairs(thread:get("statuses")) do codes[code] = (codes[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(codes) do table.insert(parts, string.format('"%d": %d', code, n)) end
  io.write(string.format('LOAD {"requests": %d, "errors_connect": %d, "errors_read": %d, "errors_timeout": %d, ' ..
    '"fives": %d, "apologies": %d, "waits": %d, "retries": %d, "sent": {"sms": %d, "ussd": %d, "web": %d}, ' ..
    '"statuses": {%s}, "p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}\n',
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.timeout, totals.fives,
    totals.apologies, totals.waits, totals.retries, totals.sms, totals.ussd, totals.web, table.concat(parts, ", "),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
