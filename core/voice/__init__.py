"""The voice studio's domain: TTS engines, the quality gate, reference samples, pronunciation."""
