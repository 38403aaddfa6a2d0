# syntax=docker/dockerfile:1
# Targets: app (Streamlit), worker (cpu queue), gpu-worker (stt/tts queues, CUDA).
#   docker build --target app -t feple-app .
#   docker build --target worker -t feple-worker .
#   docker build --target gpu-worker -t feple-gpu-worker .

FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    FEPLE_DATA_DIR=/data
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng sox ffmpeg \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
RUN useradd --create-home --uid 1000 feple && mkdir -p /data && chown feple /data
COPY --chown=feple . .
USER feple

FROM base AS app
EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["sh", "-c", "python -m db.cli migrate && exec streamlit run Home.py --server.address 0.0.0.0 --server.port 8501"]

FROM base AS worker
CMD ["python", "-m", "workers.main", "cpu"]

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04 AS gpu-worker
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    FEPLE_DATA_DIR=/data DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends software-properties-common \
    && add-apt-repository -y ppa:deadsnakes/ppa && apt-get update \
    && apt-get install -y --no-install-recommends python3.11 python3.11-venv espeak-ng sox ffmpeg \
    && rm -rf /var/lib/apt/lists/* \
    && python3.11 -m venv /venv
ENV PATH=/venv/bin:$PATH
WORKDIR /app
# The TTS worker's own requirements: torch (CUDA build from the registry) and coqui-tts.
COPY requirements.txt requirements-tts.txt ./
RUN pip install -r requirements-tts.txt
RUN useradd --create-home --uid 1000 feple && mkdir -p /data /models && chown feple /data /models
COPY --chown=feple . .
USER feple
# SimpleWorker (no fork per job): CUDA does not survive fork, and models stay loaded.
CMD ["python", "-m", "workers.main", "stt", "tts"]
