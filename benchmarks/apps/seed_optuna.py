"""Seeds an Optuna RDB storage with realistic studies through Optuna's own library.

Run with the optuna-dashboard environment's Python: ``python seed_optuna.py sqlite:///db.sqlite3``.
Deterministic (fixed sampler seeds): the same studies, trials and attributes on every run.
"""

from __future__ import annotations

import math
import sys
import warnings

import optuna


def classifier(trial: optuna.Trial) -> float:
    lr = trial.suggest_float("learning_rate", 1e-5, 1e-1, log=True)
    layers = trial.suggest_int("n_layers", 1, 4)
    optimizer = trial.suggest_categorical("optimizer", ["adam", "sgd", "rmsprop"])
    dropout = trial.suggest_float("dropout", 0.0, 0.5)
    trial.set_user_attr("dataset", "fashion-mnist")
    trial.set_user_attr("gpu", f"gpu-{trial.number % 2}")
    loss = 2.0
    for epoch in range(8):
        loss = 0.3 + abs(math.log10(lr) + 3) * 0.2 + dropout * 0.1 + 1.2 / (epoch + 1) / layers
        if optimizer == "sgd":
            loss += 0.05
        trial.report(loss, epoch)
        if trial.should_prune():
            raise optuna.TrialPruned()
    if trial.number % 13 == 7:
        raise RuntimeError("out of memory on the GPU")
    return loss


def boosting(trial: optuna.Trial) -> float:
    depth = trial.suggest_int("max_depth", 2, 12)
    eta = trial.suggest_float("eta", 0.01, 0.3)
    subsample = trial.suggest_float("subsample", 0.5, 1.0, step=0.1)
    booster = trial.suggest_categorical("booster", ["gbtree", "dart"])
    trial.set_user_attr("n_estimators", 100 + depth * 20)
    return 0.7 + 0.02 * depth - abs(eta - 0.1) + subsample * 0.05 + (0.01 if booster == "dart" else 0.0)


def architecture(trial: optuna.Trial) -> tuple[float, float]:
    width = trial.suggest_int("width", 16, 512, log=True)
    depth = trial.suggest_int("depth", 2, 24)
    activation = trial.suggest_categorical("activation", ["relu", "gelu", "swish"])
    accuracy = 0.6 + 0.3 * (1 - math.exp(-width * depth / 2000)) + (0.01 if activation == "gelu" else 0.0)
    latency = 0.5 + width * depth / 400
    return accuracy, latency


def main(url: str) -> None:
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    storage = optuna.storages.RDBStorage(url)
    if optuna.get_all_study_names(storage):
        return  # already seeded
    first = optuna.create_study(study_name="fashion-mnist-mlp", storage=storage, direction="minimize",
                                sampler=optuna.samplers.TPESampler(seed=1),
                                pruner=optuna.pruners.MedianPruner(n_warmup_steps=2))
    first.set_user_attr("owner", "vision-team")
    first.set_user_attr("framework", "pytorch")
    first.optimize(classifier, n_trials=40, catch=(RuntimeError,))
    first.enqueue_trial({"learning_rate": 0.001, "n_layers": 2, "optimizer": "adam", "dropout": 0.1})
    running = first.ask()
    running.set_user_attr("dataset", "fashion-mnist")

    second = optuna.create_study(study_name="xgboost-churn", storage=storage, direction="maximize",
                                 sampler=optuna.samplers.TPESampler(seed=2))
    second.set_user_attr("owner", "growth-team")
    second.optimize(boosting, n_trials=30)

    third = optuna.create_study(study_name="edge-architecture-search", storage=storage,
                                directions=["maximize", "minimize"], sampler=optuna.samplers.NSGAIISampler(seed=3))
    third.set_metric_names(["accuracy", "latency_ms"])
    third.optimize(architecture, n_trials=25)

    fourth = optuna.create_study(study_name="warmup-schedule", storage=storage, direction="minimize",
                                 sampler=optuna.samplers.RandomSampler(seed=4))
    fourth.optimize(lambda t: (t.suggest_float("warmup_ratio", 0.0, 0.2) - 0.05) ** 2
                    + t.suggest_int("warmup_steps", 0, 2000) / 1e5, n_trials=12)


if __name__ == "__main__":
    main(sys.argv[1])
