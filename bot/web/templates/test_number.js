    // This browser session's test number, so two visitors never share a conversation. "+27 00"
    // is no South African number: an SMS the bot sends it ("Send this to me by SMS") reaches nobody.
    function testNumber() {
      var key = "thusong.simulator.phone", phone = null;
      try { phone = sessionStorage.getItem(key); } catch (e) { phone = null; }
      if (!/^\+2700\d{7}$/.test(phone || "")) {
        var random = new Uint32Array(1);
        crypto.getRandomValues(random);
        phone = "+2700" + String(random[0] % 10000000).padStart(7, "0");
        try { sessionStorage.setItem(key, phone); } catch (e) { /* private mode: one number per page */ }
      }
      document.getElementById("phone").textContent = phone;
      return phone;
    }
