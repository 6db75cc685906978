// Remembers the chosen theme in a cookie so the server renders the right palette on the next request.
window.trustVault = {
    setTheme: function (theme) {
        document.cookie = "tv-theme=" + theme + "; path=/; max-age=31536000; samesite=lax";
    }
};
