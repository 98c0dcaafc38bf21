extensions = ["sphinx_modelcards"]
modelcards_data = "data"
