-- bench/chat_mix.lua: wrk requests for the throughput benchmark: real questions in several
-- languages from many users (each request a random one of 200,000 users), over /api/chat.
local messages = {"hi", "what documents do i need for a smart id card", "services at jozini",
  "when is sassa at zava", "nearest centre to bredasdorp", "Ngidinga ziphi izincwadi ze-ID?",
  "Waar kan ek 'n paspoort kry?", "1", "docs for uif claim", "Ke batla pasa kae?",
  "ndifuna ukwazi nge-SASSA eCofimvaba", "documnets for dissability grant", "2", "help"}
local n = 0
math.randomseed(11)

function request()
  n = n + 1
  local body = string.format('{"user":"bench-%d","text":"%s"}', math.random(1, 200000), messages[(n % #messages) + 1])
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, body)
end
