// Video and music player facades: the page loads nothing from the player's host until the reader clicks play.
document.addEventListener("click", (event) => {
  const facade = event.target.closest("a.video-facade[data-embed-url], a.listen-facade[data-embed-url]");
  if (!facade || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  const player = document.createElement("iframe");
  const isMusic = facade.classList.contains("listen-facade");
  player.className = isMusic ? "listen-player" : "video-player";
  player.src = facade.dataset.embedUrl;
  player.title = facade.dataset.title;
  if (isMusic) {
    player.height = facade.dataset.height;
  }
  player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  player.allowFullscreen = true;
  player.referrerPolicy = "strict-origin-when-cross-origin";
  facade.closest("figure").classList.add("is-playing");
  facade.replaceWith(player);
  player.focus();
});
