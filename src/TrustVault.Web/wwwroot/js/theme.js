// Remembers the chosen theme in a cookie so the server renders the right palette on the next request.
window.trustVault = {
    setTheme: function (theme) {
        document.cookie = "tv-theme=" + theme + "; path=/; max-age=31536000; samesite=lax";
    }
};

// The static pages (Account) have no circuit to switch the palette: their theme button sets the cookie and reloads.
document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-theme-switch]");
    if (button) {
        window.trustVault.setTheme(button.getAttribute("data-theme-switch"));
        location.reload();
    }
});
